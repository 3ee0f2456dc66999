package watchparty.store;

/** The store cannot answer now (a networked store is down or too slow); the request may be retried. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
