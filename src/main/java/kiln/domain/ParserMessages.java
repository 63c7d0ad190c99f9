package kiln.domain;

import java.util.stream.Collectors;

/** Turns a parser's multi-line diagnostic (SnakeYAML's quoted source and caret lines) into one line for users. */
public final class ParserMessages {

    private ParserMessages() {}

    /**
     * Keeps the lines that say what is wrong and drops the indented context lines (" in 'reader', line
     * 5, column 27:", the echoed source, the caret): the caller names file and line itself.
     */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String kept = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip).collect(Collectors.joining("; "));
        return kept.isEmpty() ? message.strip() : kept;
    }
}
