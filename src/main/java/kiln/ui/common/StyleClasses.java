package kiln.ui.common;

/** Style-class names shared by Java code and the stylesheets under styles/. */
public final class StyleClasses {
    public static final String WORKSPACE_TITLE = "workspace-title";
    public static final String WORKSPACE_SUMMARY = "workspace-summary";
    public static final String SECTION_TITLE = "section-title";
    public static final String CARD = "card";
    public static final String PLACEHOLDER = "placeholder";
    public static final String NAV_BUTTON = "nav-button";
    public static final String NAV_TITLE = "nav-title";
    public static final String NAV_SUBTITLE = "nav-subtitle";
    public static final String STATUS_JOB = "status-job";
    public static final String MUTED = "muted";
    public static final String ERROR = "error-text";
    public static final String ACCENT_BUTTON = "accent";

    private StyleClasses() {}
}
