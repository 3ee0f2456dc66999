package watchparty.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesNumbersAsJavaScriptWouldForCommonValues() {
    assertEquals("3", new JsonWriter().number(3.0).toString());
    assertEquals("0", new JsonWriter().number(-0.0).toString());
    assertEquals("12.25", new JsonWriter().number(12.25).toString());
    assertEquals("0.1", new JsonWriter().number(0.1).toString());
    assertEquals("0.05", new JsonWriter().number(0.05).toString());
    assertEquals("-1.5", new JsonWriter().number(-1.5).toString());
    assertEquals("596.5", new JsonWriter().number(596.5).toString());
    assertEquals("-9223372036854775808", new JsonWriter().number(Long.MIN_VALUE).toString());
    assertEquals("1795494232595", new JsonWriter().number(1795494232595L).toString());
  }

  @Test
  void everyFiniteDoubleReadsBackExactly() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      double v = switch (i % 4) {
        case 0 -> random.nextDouble() * 10_000; // a playback position
        case 1 -> Math.round(random.nextDouble() * 1e6) / 1e3; // three decimals
        case 2 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern
        default -> random.nextDouble() * 1e-6;
      };
      if (!Double.isFinite(v)) {
        continue;
      }
      String text = new JsonWriter().number(v).toString();
      assertEquals(v, JSON.readTree(text).doubleValue(), text);
    }
  }

  @Test
  void escapesStringsIntoValidUtf8Json() throws Exception {
    String[] samples = {"plain", "quote\" backslash\\ slash/", "line\nfeed\ttab\u0001\u001f", "caf\u00e9 \u6f22\u5b57",
        "emoji \ud83c\udfac", "lone \ud800 surrogate", ""};
    for (String s : samples) {
      String json = new JsonWriter().string(s).toString();
      String back = JSON.readTree(json).textValue();
      if (s.contains("\ud800")) {
        assertEquals("\"lone \\ud800 surrogate\"", json);
      } else {
        assertEquals(s, back);
      }
    }
  }

  @Test
  void growsPastItsInitialCapacity() throws Exception {
    JsonWriter w = new JsonWriter(4);
    String long1 = "\"".repeat(1000);
    w.raw('[').string(long1).raw(',').number(123456789L).raw(']');
    assertEquals(long1, JSON.readTree(w.toString()).get(0).textValue());
  }
}
