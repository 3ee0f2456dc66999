package watchparty.time;

/** Milliseconds since the epoch. Injected everywhere time matters, so tests move it by hand. */
@FunctionalInterface
public interface Clock {
  Clock SYSTEM = System::currentTimeMillis;

  long millis();
}
