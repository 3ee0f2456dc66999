package watchparty.browser;

/** A `seeking` event of a page's video: wall-clock time in ms and the position it seeks to, in s. */
record SeekEvent(double t, double ct) {
}
