package kiln.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlTest {

    @TempDir
    static Path dir;
    static KilnStore store;

    @BeforeAll
    static void open() {
        store = KilnStore.open(dir.resolve("ro.duckdb"));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select count(*) from sensor_reading",
            "SELECT r.pid, q.quality FROM sensor_reading r JOIN product_quality q USING (pid) WHERE r.temp > 350",
            "with daily as (select date_trunc('day', process_time) d, count(*) n from sensor_reading group by 1) select * from daily",
            "select * from range(10)",
            "select json_extract(metrics, '$.accuracy') from run"
    })
    void readsOfKilnTablesAreAllowed(String sql) {
        assertThatCode(() -> store.read(conn -> {
            ReadOnlySql.check(conn, sql);
            return null;
        })).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "delete from sensor_reading",
            "insert into run (trainer, status) values ('x', 'finished')",
            "update alert set state = 'resolved'",
            "drop table run",
            "attach '/tmp/other.duckdb' as other",
            "copy sensor_reading to '/tmp/out.csv'",
            "select * from read_csv('/etc/passwd')",
            "select * from read_parquet('x.parquet')",
            "select * from '/etc/passwd'",
            "select * from 'data.csv'",
            "select * from glob('/*')",
            "select read_text('/etc/hostname')",
            "pragma database_size",
            "set threads = 1",
            "install httpfs",
            "select 1; select 2",
            "select * from nowhere",
            "",
    })
    void anythingElseIsRejected(String sql) {
        assertThatThrownBy(() -> store.read(conn -> {
            ReadOnlySql.check(conn, sql);
            return null;
        })).isInstanceOf(ReadOnlySql.RejectedSqlException.class);
    }
}
