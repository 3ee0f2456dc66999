package watchparty.browser;

/**
 * One reading of a page's video, taken by the sampler every 100 ms: wall-clock time in ms, the
 * video's currentTime in s, its playbackRate, whether it was paused or seeking, and the page's role
 * in the room ('host', 'follower' or null before the page has one).
 */
record Sample(double t, double ct, double rate, boolean paused, boolean seeking, String role) {
}
