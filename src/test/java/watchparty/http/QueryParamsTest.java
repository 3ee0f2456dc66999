package watchparty.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueryParamsTest {
  @Test
  void readsBothParameters() {
    assertEquals(new QueryParams("R1", "alice"), QueryParams.parse("userId=alice&roomCode=R1"));
    assertEquals(new QueryParams("R1", null), QueryParams.parse("roomCode=R1&other=x"));
    assertEquals(new QueryParams(null, null), QueryParams.parse(null));
    assertEquals(new QueryParams("", null), QueryParams.parse("roomCode"));
  }

  @Test
  void decodesPercentEscapesAndPlusAsUtf8() {
    assertEquals("team:blue", QueryParams.parse("roomCode=r&userId=team%3Ablue").userId());
    assertEquals("a b+c", QueryParams.parse("roomCode=a+b%2Bc").roomCode());
    assertEquals("caf\u00e9", QueryParams.parse("roomCode=caf%C3%A9").roomCode());
    assertNull(QueryParams.parse("roomCode=x").userId());
  }

  @Test
  void refusesWhatCannotBeRead() {
    assertThrows(QueryParams.BadQueryException.class, () -> QueryParams.parse("roomCode=%ZZ"));
    assertThrows(QueryParams.BadQueryException.class, () -> QueryParams.parse("roomCode=%4"));
    assertThrows(QueryParams.BadQueryException.class, () -> QueryParams.parse("roomCode=%C3"));
    assertThrows(QueryParams.BadQueryException.class, () -> QueryParams.parse("roomCode=a&roomCode=b"));
  }
}
