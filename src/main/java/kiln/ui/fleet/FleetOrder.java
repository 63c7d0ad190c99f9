package kiln.ui.fleet;

import java.util.Comparator;

import kiln.domain.fleet.FleetResults.FleetGroup;

/** The orders of the group list; missing values (no labels yet) go last whichever way a column is sorted by the table. */
final class FleetOrder {

    private FleetOrder() {}

    /** Group keys as people count them: "2" before "10", then text order. */
    static final Comparator<String> KEYS = (a, b) -> {
        boolean an = isNumber(a);
        boolean bn = isNumber(b);
        if (an && bn) {
            int byLength = Integer.compare(stripZeros(a).length(), stripZeros(b).length());
            return byLength != 0 ? byLength : stripZeros(a).compareTo(stripZeros(b));
        }
        return an != bn ? (an ? -1 : 1) : a.compareTo(b);
    };

    /** Lowest newest accuracy first; groups without labels after every group with them; then by key. */
    static final Comparator<FleetGroup> WORST_FIRST = Comparator
            .comparing(FleetGroup::latestAccuracy, Comparator.nullsLast(Comparator.<Double>naturalOrder()))
            .thenComparing(FleetGroup::groupKey, KEYS);

    /** Largest drop below the group's own baseline first. */
    static final Comparator<FleetGroup> BIGGEST_DROP_FIRST = Comparator
            .comparing(FleetGroup::dropPoints, Comparator.nullsLast(Comparator.<Double>reverseOrder()))
            .thenComparing(FleetGroup::groupKey, KEYS);

    /** Most open alerts first. */
    static final Comparator<FleetGroup> MOST_ALERTS_FIRST = Comparator.comparingInt(FleetGroup::openAlerts).reversed()
            .thenComparing(WORST_FIRST);

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
