package kiln.sim.scenario;

import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import kiln.domain.Durations;
import kiln.domain.ParserMessages;
import kiln.domain.UserFacingException;

/**
 * A YAML value that remembers the line it came from, so validation errors can name file, line and
 * field. Jackson's tree model drops locations; this small tree keeps them.
 */
final class YamlNode {

    private final String file;
    private final String path;
    private final int line;
    private final String scalar;
    private final Map<String, YamlNode> fields;
    private final List<YamlNode> items;

    private YamlNode(String file, String path, int line, String scalar, Map<String, YamlNode> fields, List<YamlNode> items) {
        this.file = file;
        this.path = path;
        this.line = line;
        this.scalar = scalar;
        this.fields = fields;
        this.items = items;
    }

    /** Parses a whole YAML document; syntax errors become user-facing messages with the line. */
    static YamlNode parse(String file, Reader reader) {
        try (JsonParser p = new YAMLFactory().createParser(reader)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new UserFacingException(file + ": the scenario file is empty");
            }
            return read(file, "", p);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UserFacingException(file + ":" + line + ": not valid YAML: " + ParserMessages.oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UserFacingException(file + ": cannot read the scenario file: " + e.getMessage(), e);
        }
    }

    private static YamlNode read(String file, String path, JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                String childPath = path.isEmpty() ? name : path + "." + name;
                if (fields.containsKey(name)) {
                    // YAML forbids it; silently keeping the last value would hide a typo or a merge mistake.
                    throw new UserFacingException(file + ":" + p.currentTokenLocation().getLineNr() + ": field " + childPath
                            + " appears twice (first on line " + fields.get(name).line + ")");
                }
                fields.put(name, read(file, childPath, p));
            }
            return new YamlNode(file, path, line, null, fields, null);
        }
        if (t == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(file, path + "[" + i++ + "]", p));
            }
            return new YamlNode(file, path, line, null, null, items);
        }
        String text = t == JsonToken.VALUE_NULL ? null : p.getText();
        return new YamlNode(file, path, line, text, null, null);
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    boolean isMap() {
        return fields != null;
    }

    boolean isList() {
        return items != null;
    }

    /** A user-facing error about this node: "file:line: field 'x.y': reason". */
    UserFacingException error(String reason) {
        String where = path.isEmpty() ? "" : " field '" + path + "'";
        return new UserFacingException(file + ":" + line + ":" + where + ": " + reason);
    }

    Map<String, YamlNode> fields() {
        if (fields == null) {
            throw error("expected a mapping (name: value pairs)");
        }
        return Collections.unmodifiableMap(fields);
    }

    List<YamlNode> items() {
        if (items == null) {
            throw error("expected a list");
        }
        return items;
    }

    /** The child field, or null when absent. */
    YamlNode opt(String name) {
        return fields().get(name);
    }

    YamlNode req(String name) {
        YamlNode n = fields().get(name);
        if (n == null) {
            String where = path.isEmpty() ? name : path + "." + name;
            throw new UserFacingException(file + ":" + line + ": field '" + where + "' is required");
        }
        return n;
    }

    /** Refuses fields this mapping does not know (typos would otherwise be ignored silently). */
    void allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        for (Map.Entry<String, YamlNode> e : fields().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown field; expected one of " + String.join(", ", names));
            }
        }
    }

    String text() {
        if (fields != null || items != null || scalar == null) {
            throw error("expected a single value");
        }
        return scalar;
    }

    double asDouble() {
        try {
            return Double.parseDouble(text());
        } catch (NumberFormatException e) {
            throw error("'" + scalar + "' is not a number");
        }
    }

    long asLong() {
        try {
            return Long.parseLong(text());
        } catch (NumberFormatException e) {
            throw error("'" + scalar + "' is not a whole number");
        }
    }

    Instant asInstant() {
        String s = text();
        try {
            return YamlNodes.instant(s);
        } catch (DateTimeParseException e) {
            throw error("'" + s + "' is not a date or time (use 2019-07-01 or 2019-07-01T00:00:00Z)");
        }
    }

    Duration asDuration() {
        try {
            return Durations.parse(text());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }
}
