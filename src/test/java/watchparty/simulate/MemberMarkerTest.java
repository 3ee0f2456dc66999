package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemberMarkerTest {
  private static final String VIEW = "{\"type\":\"sync\",\"host\":{\"userId\":\"r1-host\",\"position\":1},\"members\":["
      + "{\"userId\":\"r1-f1\",\"position\":2},{\"userId\":\"r1-f10\",\"position\":3},"
      + "{\"userId\":\"r1-f2\",\"position\":4}]}";

  @Test
  void findsAWholeIdOnly() {
    byte[] view = VIEW.getBytes(StandardCharsets.UTF_8);
    assertEquals(VIEW.indexOf("{\"userId\":\"r1-f1\""), new MemberMarker("r1-f1").indexIn(view, 0, view.length));
    assertEquals(VIEW.indexOf("{\"userId\":\"r1-f10\""), new MemberMarker("r1-f10").indexIn(view, 0, view.length));
    assertEquals(VIEW.indexOf("{\"userId\":\"r1-f2\""), new MemberMarker("r1-f2").indexIn(view, 0, view.length));
    assertEquals(-1, new MemberMarker("r1-f").indexIn(view, 0, view.length));
    assertEquals(-1, new MemberMarker("r1-f3").indexIn(view, 0, view.length));
    int members = VIEW.indexOf("\"members\"");
    assertEquals(-1, new MemberMarker("r1-host").indexIn(view, members, view.length), "the host's entry is before");
    int end = VIEW.indexOf("{\"userId\":\"r1-f2\"");
    assertEquals(-1, new MemberMarker("r1-f2").indexIn(view, 0, end + 5), "not past the length");
  }

  @Test
  void agreesWithStringSearchOnRandomText() {
    SplittableRandom random = new SplittableRandom(3);
    String alphabet = "{}\":,r-f0123456789userIdpositn";
    for (int round = 0; round < 2000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(300);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        if (random.nextInt(40) == 0) {
          b.append("{\"userId\":\"r1-f").append(random.nextInt(12)).append('"');
        }
      }
      String text = b.toString();
      String id = "r1-f" + random.nextInt(12);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      int from = text.isEmpty() ? 0 : random.nextInt(text.length());
      assertEquals(text.indexOf("{\"userId\":\"" + id + "\"", from), new MemberMarker(id).indexIn(bytes, from,
          bytes.length), text);
    }
  }
}
