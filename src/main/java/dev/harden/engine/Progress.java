package dev.harden.engine;

/**
 * Progress of a run, reported as it happens: the engine never prints, a listener may (the
 * command line draws a status line on a terminal and writes timestamped lines otherwise; the
 * watcher passes {@link #NONE}). Calls come from the pool's threads, concurrently: a listener
 * synchronises itself. Host names and phases are data for the listener to show safely.
 *
 * <p>A run has stages ("planning", "applying"), each over a number of hosts; within a stage,
 * each host goes through phases ("connecting", "gathering facts", "planning", "locking and preparing",
 * "applying", "verifying") and is done once, failed or not.
 */
public interface Progress {

    /** The phase of a host that waits for the others (its plan needs the whole fleet's facts). */
    String WAITING = "waiting for the other hosts";

    /** Reports nothing. */
    Progress NONE = new Progress() {
    };

    /** A stage of the run starts over {@code hosts} hosts. */
    default void stage(String stage, int hosts) {
    }

    /** {@code host} has started {@code phase} (a few words, e.g. "gathering facts"). */
    default void phase(String host, String phase) {
    }

    /**
     * {@code host} is done with the current stage: {@code failed} or not, and how, in a few words
     * ("planned (2 changes)", "applied (generation 20261122T070001Z)", "failed: ...").
     */
    default void hostDone(String host, boolean failed, String outcome) {
    }

    /** The current stage is over (also when a rollout stopped before every host was done). */
    default void stageDone() {
    }
}
