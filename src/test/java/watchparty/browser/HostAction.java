package watchparty.browser;

/** What the host did ("seek +30 s") and the host page's wall-clock time when it did it, in ms. */
record HostAction(String label, double t) {
}
