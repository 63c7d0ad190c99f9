package kiln.cli;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import kiln.domain.StoredValue;

/**
 * Writes the stored enums (alert kind, severity and state, drift level) as their table words in JSON:
 * "firing", not Jackson's default "FIRING", so scripts reading {@code --json} see what the {@code alert} table holds.
 */
final class StoredValueJson {

    private StoredValueJson() {}

    static SimpleModule module() {
        return new SimpleModule("stored-values").addSerializer(StoredValue.class, new StdSerializer<>(StoredValue.class) {
            @Override
            public void serialize(StoredValue value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.stored());
            }
        });
    }
}
