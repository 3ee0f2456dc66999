package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFromHalfASecondToFifteenHalfFixedHalfRandom() {
    SplittableRandom random = new SplittableRandom(1);
    long[] ceilings = {500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000};
    for (int attempt = 0; attempt < ceilings.length; attempt++) {
      for (int i = 0; i < 100; i++) {
        long d = Backoff.delayMillis(attempt, random);
        assertTrue(d >= ceilings[attempt] / 2 && d <= ceilings[attempt], attempt + ": " + d);
      }
    }
    assertTrue(Backoff.delayMillis(1000, random) <= 15_000);
  }
}
