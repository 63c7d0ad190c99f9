package kiln.ml.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import kiln.domain.UserFacingException;

/**
 * The run search language, compiled to a parameterised SQL condition over table {@code run}.
 *
 * <pre>
 *   filter     := or
 *   or         := and ("or" and)*
 *   and        := not ("and" not)*
 *   not        := "not" not | "(" or ")" | comparison
 *   comparison := field op value | field "in" "(" value ("," value)* ")" | field "in" value ".." value
 *               | field "between" value "and" value
 *   op         := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 *   field      := metrics.NAME | metrics.NAME[CLASS] | params.NAME | trainer | status | dataset | split | tags | note | run_id | seed | …
 *   value      := number | 'text' | "text" | word
 * </pre>
 *
 * Example: {@code metrics.accuracy > 0.95 and params.maxDepth = 5 and trainer in (cart, 'random-forest')}.
 * Per-class metrics of multi-class runs name the class in brackets: {@code metrics.recall[rain] > 0.5}
 * (class values with spaces, quotes or brackets cannot be named this way).
 * User values only ever travel as bind parameters; field names are checked against a fixed list or
 * a strict pattern before they are used.
 */
public final class RunFilter {

    /** A WHERE condition and its bind parameters, in order. */
    public record Compiled(String sql, List<Object> parameters) {
    }

    /** A filter that does not parse; the message shows the filter with a caret under the error. */
    public static final class FilterSyntaxException extends UserFacingException {
        private static final long serialVersionUID = 1L;
        private final int column;
        private final String reason;

        FilterSyntaxException(String filter, int offset, String reason) {
            super("Filter error at column " + (offset + 1) + ": " + reason + "\n  " + filter + "\n  " + " ".repeat(offset) + "^");
            this.column = offset + 1;
            this.reason = reason;
        }

        /** 1-based column of the error. */
        public int column() {
            return column;
        }

        public String reason() {
            return reason;
        }
    }

    private static final Set<String> TEXT_COLUMNS = Set.of("trainer", "status", "dataset", "split", "fingerprint", "note", "error", "group_key",
            "artifact_sha256");
    private static final Set<String> NUMBER_COLUMNS = Set.of("run_id", "experiment_id", "seed", "rows_train", "rows_test",
            "duration_ms", "model_bytes");
    private static final Set<String> TIME_COLUMNS = Set.of("started_at", "window_start", "window_end");
    private static final String KEY_PATTERN = "[A-Za-z_][A-Za-z0-9_]*";
    /** A per-class metric key, e.g. {@code recall[rain]} (see {@code Metrics.classKey}). */
    private static final String CLASS_KEY_PATTERN = KEY_PATTERN + "\\[[^\\[\\]\"'\\\\]+\\]";

    private enum Kind {
        WORD, NUMBER, STRING, OP, LPAREN, RPAREN, COMMA, RANGE, END
    }

    private record Token(Kind kind, String text, int offset) {
        boolean isKeyword(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }
    }

    private enum FieldType {
        NUMBER, TEXT, TIME, TAGS, PARAM
    }

    private record Field(String sql, FieldType type, String jsonPath) {
    }

    private final String filter;
    private final List<Token> tokens;
    private final List<Object> parameters = new ArrayList<>();
    private int pos;

    private RunFilter(String filter) {
        this.filter = filter;
        this.tokens = tokenize(filter);
    }

    /** @throws FilterSyntaxException pointing at the first error */
    public static Compiled compile(String filter) {
        if (filter == null || filter.isBlank()) {
            return new Compiled("TRUE", List.of());
        }
        RunFilter parser = new RunFilter(filter);
        String sql = parser.or();
        Token t = parser.peek();
        if (t.kind != Kind.END) {
            throw parser.error(t, t.kind == Kind.RPAREN ? "unbalanced ')'" : "expected 'and', 'or' or the end, found '" + t.text + "'");
        }
        return new Compiled(sql, List.copyOf(parser.parameters));
    }

    private String or() {
        StringBuilder sql = new StringBuilder(and());
        while (peek().isKeyword("or")) {
            pos++;
            sql.append(" OR ").append(and());
        }
        return "(" + sql + ")";
    }

    private String and() {
        StringBuilder sql = new StringBuilder(not());
        while (peek().isKeyword("and")) {
            pos++;
            sql.append(" AND ").append(not());
        }
        return sql.toString();
    }

    private String not() {
        Token t = peek();
        if (t.isKeyword("not")) {
            pos++;
            return "NOT (" + not() + ")";
        }
        if (t.kind == Kind.LPAREN) {
            pos++;
            String inner = or();
            expect(Kind.RPAREN, "expected ')' to close the '(' at column " + (t.offset + 1));
            return inner;
        }
        return comparison();
    }

    private String comparison() {
        Token fieldToken = next();
        if (fieldToken.kind != Kind.WORD || isReserved(fieldToken.text)) {
            throw error(fieldToken, fieldToken.kind == Kind.END ? "expected a field (e.g. metrics.accuracy) at the end of the filter"
                    : "expected a field such as metrics.accuracy, params.maxDepth, trainer, status or tags, found '" + fieldToken.text + "'");
        }
        Field field = field(fieldToken);
        Token op = next();
        if (op.isKeyword("between")) {
            Token low = value(op);
            Token andWord = next();
            if (!andWord.isKeyword("and")) {
                throw error(andWord, "expected 'and' between the two bounds of 'between'");
            }
            Token high = value(andWord);
            return range(field, fieldToken, low, high);
        }
        if (op.isKeyword("in")) {
            if (peek().kind == Kind.LPAREN) {
                Token open = next();
                List<String> alternatives = new ArrayList<>();
                do {
                    Token v = value(open);
                    alternatives.add(compare(field, fieldToken, "=", v));
                } while (accept(Kind.COMMA));
                expect(Kind.RPAREN, "expected ',' or ')' in the list of values");
                return "(" + String.join(" OR ", alternatives) + ")";
            }
            Token low = value(op);
            Token dots = next();
            if (dots.kind != Kind.RANGE) {
                throw error(dots, "expected '(' for a list or '..' for a range after 'in'");
            }
            Token high = value(dots);
            return range(field, fieldToken, low, high);
        }
        if (op.kind != Kind.OP) {
            throw error(op, op.kind == Kind.END ? "expected an operator (=, !=, <, <=, >, >=, in, between) after '" + fieldToken.text + "'"
                    : "expected an operator (=, !=, <, <=, >, >=, in, between), found '" + op.text + "'");
        }
        Token v = value(op);
        return compare(field, fieldToken, op.text.equals("<>") ? "!=" : op.text, v);
    }

    private String range(Field field, Token fieldToken, Token low, Token high) {
        if (field.type == FieldType.TAGS || field.type == FieldType.TEXT) {
            throw error(fieldToken, "'" + fieldToken.text + "' is text; ranges need a number or time field");
        }
        return "(" + compare(field, fieldToken, ">=", low) + " AND " + compare(field, fieldToken, "<=", high) + ")";
    }

    private String compare(Field field, Token fieldToken, String op, Token value) {
        boolean ordering = !op.equals("=") && !op.equals("!=");
        switch (field.type) {
            case TAGS -> {
                if (ordering) {
                    throw error(fieldToken, "tags can only be compared with =, != or in");
                }
                parameters.add(value.text);
                return (op.equals("=") ? "" : "NOT ") + "list_contains(coalesce(tags, []::VARCHAR[]), ?)";
            }
            case TEXT -> {
                parameters.add(value.text);
                return field.sql + " " + op + " ?";
            }
            case TIME -> {
                parameters.add(value.text);
                return field.sql + " " + op + " TRY_CAST(? AS TIMESTAMP)";
            }
            case NUMBER -> {
                double number = number(value, fieldToken);
                if (field.jsonPath != null) {
                    parameters.add(field.jsonPath);
                }
                parameters.add(number);
                return field.sql + " " + op + " ?";
            }
            default -> {
                // params.X: numbers compare numerically, anything else as text (booleans as true/false).
                parameters.add(field.jsonPath);
                if (value.kind == Kind.NUMBER) {
                    parameters.add(number(value, fieldToken));
                    return "TRY_CAST(json_extract_string(params, ?) AS DOUBLE) " + op + " ?";
                }
                if (ordering) {
                    throw error(value, "expected a number to compare " + fieldToken.text + " with '" + op + "'");
                }
                parameters.add(value.text);
                return "json_extract_string(params, ?) " + op + " ?";
            }
        }
    }

    private double number(Token value, Token fieldToken) {
        if (value.kind != Kind.NUMBER) {
            throw error(value, "expected a number for " + fieldToken.text + ", found '" + value.text + "'");
        }
        return Double.parseDouble(value.text);
    }

    private Field field(Token t) {
        String name = t.text;
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = name.indexOf('.');
        if (dot > 0) {
            String prefix = lower.substring(0, dot);
            String key = name.substring(dot + 1);
            boolean classKey = prefix.equals("metrics") && key.matches(CLASS_KEY_PATTERN);
            if (!(key.matches(KEY_PATTERN) || classKey) || !(prefix.equals("metrics") || prefix.equals("params"))) {
                throw error(t, "unknown field '" + name + "'; use metrics.NAME or params.NAME (letters, digits and _), "
                        + "or metrics.NAME[CLASS] for one class");
            }
            if (prefix.equals("metrics")) {
                // A bracketed key is quoted whole in the JSON path, where brackets would otherwise index an array.
                return new Field("TRY_CAST(json_extract_string(metrics, ?) AS DOUBLE)", FieldType.NUMBER,
                        classKey ? "$.\"" + key + "\"" : "$." + key);
            }
            return new Field(null, FieldType.PARAM, "$." + key);
        }
        if (lower.equals("tags") || lower.equals("tag")) {
            return new Field("tags", FieldType.TAGS, null);
        }
        if (TEXT_COLUMNS.contains(lower)) {
            return new Field(lower, FieldType.TEXT, null);
        }
        if (NUMBER_COLUMNS.contains(lower)) {
            return new Field(lower, FieldType.NUMBER, null);
        }
        if (TIME_COLUMNS.contains(lower)) {
            return new Field(lower, FieldType.TIME, null);
        }
        throw error(t, "unknown field '" + name + "'; fields are metrics.NAME, params.NAME, tags, "
                + String.join(", ", new TreeSet<>(TEXT_COLUMNS)) + ", " + String.join(", ", new TreeSet<>(NUMBER_COLUMNS))
                + ", " + String.join(", ", new TreeSet<>(TIME_COLUMNS)));
    }

    private Token value(Token after) {
        Token v = next();
        if (v.kind == Kind.NUMBER || v.kind == Kind.STRING || (v.kind == Kind.WORD && !isReserved(v.text))) {
            return v;
        }
        throw error(v, v.kind == Kind.END ? "expected a value after '" + after.text + "'" : "expected a value, found '" + v.text + "'");
    }

    private static boolean isReserved(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.equals("and") || w.equals("or") || w.equals("not") || w.equals("in") || w.equals("between");
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) {
            pos++;
        }
        return t;
    }

    private boolean accept(Kind kind) {
        if (peek().kind == kind) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String message) {
        Token t = next();
        if (t.kind != kind) {
            throw error(t, message);
        }
    }

    private FilterSyntaxException error(Token t, String reason) {
        return new FilterSyntaxException(filter, t.offset, reason);
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c), i));
                i++;
            } else if (c == '.' && i + 1 < n && s.charAt(i + 1) == '.') {
                out.add(new Token(Kind.RANGE, "..", i));
                i += 2;
            } else if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new FilterSyntaxException(s, i, "this quote is never closed");
                }
                out.add(new Token(Kind.STRING, s.substring(i + 1, end), i));
                i = end + 1;
            } else if ("=!<>".indexOf(c) >= 0) {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("<>")) {
                    out.add(new Token(Kind.OP, two, i));
                    i += 2;
                } else if (c == '!') {
                    throw new FilterSyntaxException(s, i, "'!' must be followed by '=' (not equal)");
                } else {
                    out.add(new Token(Kind.OP, String.valueOf(c), i));
                    i++;
                }
            } else if (Character.isDigit(c) || ((c == '-' || c == '.') && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int start = i;
                i++;
                while (i < n && Character.isDigit(s.charAt(i)))
                    i++;
                if (i + 1 < n && s.charAt(i) == '.' && s.charAt(i + 1) != '.') {
                    i++;
                    while (i < n && Character.isDigit(s.charAt(i)))
                        i++;
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int save = i;
                    i++;
                    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-'))
                        i++;
                    if (i < n && Character.isDigit(s.charAt(i))) {
                        while (i < n && Character.isDigit(s.charAt(i)))
                            i++;
                    } else {
                        i = save;
                    }
                }
                if (i < n && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                    throw new FilterSyntaxException(s, start, "'" + s.substring(start, i + 1) + "…' is not a number; quote text values");
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-'
                        || (s.charAt(i) == '.' && i + 1 < n && s.charAt(i + 1) != '.'))) {
                    i++;
                }
                if (i < n && s.charAt(i) == '[') {
                    // a per-class metric: the bracket and its class value belong to the word
                    int close = s.indexOf(']', i);
                    if (close < 0) {
                        throw new FilterSyntaxException(s, i, "this '[' is never closed; name a class as metrics.recall[CLASS]");
                    }
                    i = close + 1;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), start));
            } else {
                throw new FilterSyntaxException(s, i, "unexpected character '" + c + "'");
            }
        }
        out.add(new Token(Kind.END, "", n));
        return out;
    }
}
