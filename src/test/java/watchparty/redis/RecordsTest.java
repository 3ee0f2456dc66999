package watchparty.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {
  private static String record(long ts, String json) {
    return ts + "\t0\t" + json.getBytes(StandardCharsets.UTF_8).length + "\t" + json + "\n";
  }

  private static List<String> jsons(List<Records.Record> records) {
    return records.stream()
        .map(r -> new String(r.bytes(), r.jsonStart(), r.length(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void readsRecordsByTheirLengthEvenWhenTheJsonHoldsTheSeparators() {
    // a JSON string may hold tabs escaped, and multi-byte characters: lengths count bytes
    String first = "{\"title\":\"caf\u00e9 \\t \\n\"}";
    String second = "{\"n\":2}";
    byte[] bytes = (record(100, first) + record(200, second)).getBytes(StandardCharsets.UTF_8);
    List<Records.Record> read = Records.inWindow(bytes, 0, false);
    assertEquals(List.of(first, second), jsons(read));
    assertEquals(List.of(100L, 200L), read.stream().map(Records.Record::timestamp).toList());
  }

  @Test
  void keepsTheWindowAndAHeldUsersLatest() {
    byte[] bytes = (record(100, "{\"a\":1}") + record(200, "{\"b\":2}") + record(300, "{\"c\":3}"))
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("{\"b\":2}", "{\"c\":3}"), jsons(Records.inWindow(bytes, 200, false)));
    assertEquals(List.of(), jsons(Records.inWindow(bytes, 301, false)));
    assertEquals(List.of("{\"c\":3}"), jsons(Records.inWindow(bytes, 301, true)), "a held user keeps its latest");
  }

  @Test
  void readsASliceOfALargerArrayAndStopsAtAMalformedTail() {
    String good = record(100, "{\"a\":1}");
    String text = "xxxx" + good + "150\t0\t99\t{\"cut\":" + "yyyy";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<Records.Record> read = Records.inWindow(bytes, 4, bytes.length - 4, 0, false);
    assertEquals(List.of("{\"a\":1}"), jsons(read), "a record whose length runs past the end is not read");
  }
}
