package watchparty.http;

/**
 * An answer other than success, in the seed backend's error shape:
 * {"error":true,"url":..,"statusCode":N,"statusMessage":..,"message":..}. The status message is
 * also the HTTP reason phrase, as the seed's clients read it from either place.
 */
public final class ApiError extends RuntimeException {
  public static final String MISSING_QUERY = "Missing required query parameters: roomCode and/or userId";

  private final int statusCode;
  private final String statusMessage;
  private long retryAfterSeconds;
  private boolean closingConnection;

  public ApiError(int statusCode, String statusMessage, String message) {
    super(message, null, false, false);
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
  }

  /** A 400 whose detail is in the message, as the seed reports a body it cannot read. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, "Bad Request", message);
  }

  /** An error whose status message says it all, as the seed's own 400s do. */
  public static ApiError of(int statusCode, String statusMessage) {
    return new ApiError(statusCode, statusMessage, statusMessage);
  }

  /** The same error, telling the client when to try again (Retry-After). */
  public ApiError retryAfter(long seconds) {
    retryAfterSeconds = seconds;
    return this;
  }

  /** The same error, its connection closed after it (Connection: close). */
  public ApiError closingConnection() {
    closingConnection = true;
    return this;
  }

  public boolean closesConnection() {
    return closingConnection || statusCode == 413;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int statusCode() {
    return statusCode;
  }

  public String statusMessage() {
    return statusMessage;
  }
}
