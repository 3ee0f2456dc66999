package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void findsKeysAndTheValuesAfterThem() {
    byte[] json = b("{\"a\":1,\"time\":12.5,\"b\":{\"c\":\"}\"},\"d\":[1]}");
    assertEquals(14, JsonBytes.valueAfter(json, 0, json.length, b("\"time\":")));
    assertEquals(-1, JsonBytes.valueAfter(json, 15, json.length, b("\"time\":")));
    assertEquals(-1, JsonBytes.indexOf(json, -1, json.length, b("\"a\"")));
    assertEquals('{', json[23]);
    assertEquals(32, JsonBytes.endOfFlatObject(json, 23, json.length), "a brace in a string is no end");
    assertEquals(-1, JsonBytes.endOfFlatObject(b("{\"x\":{\"y\":1}}"), 0, 13), "nested: not flat");
  }

  @Test
  void readsIntegersAndDecimalsExactlyOrNotAtAll() {
    byte[] json = b("1795494232595,-42,12.500007,12.5000070,12.5000071,1.25E1,0.95,x,7.");
    assertEquals(1795494232595L, JsonBytes.parseLong(json, 0, json.length));
    assertEquals(-42, JsonBytes.parseLong(json, 14, json.length));
    assertEquals(Long.MIN_VALUE, JsonBytes.parseLong(json, 18, json.length), "a fraction is no integer");
    assertEquals(12_500_007, JsonBytes.parseScaled(json, 18, json.length, 6, true));
    assertEquals(12_500_007, JsonBytes.parseScaled(json, 28, json.length, 6, true));
    assertEquals(Long.MIN_VALUE, JsonBytes.parseScaled(json, 39, json.length, 6, true), "a seventh digit");
    assertEquals(12.500007, JsonBytes.parseDecimal(json, 39, json.length, 6), "dropped when not exact");
    assertEquals(Double.NaN, JsonBytes.parseDecimal(json, 50, json.length, 9), "exponents are not read");
    assertEquals(0.95, JsonBytes.parseDecimal(json, 57, json.length, 9));
    assertEquals(Double.NaN, JsonBytes.parseDecimal(json, 62, json.length, 9));
    assertEquals(Double.NaN, JsonBytes.parseDecimal(json, 64, json.length, 9), "no digit after the point");
    assertEquals(1795494232580.125, JsonBytes.parseDecimal(b("1795494232580.125"), 0, 17, 3));
  }
}
