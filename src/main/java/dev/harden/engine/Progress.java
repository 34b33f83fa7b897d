package dev.harden.engine;

/** Progress of a run, one event per host; the engine never prints, a listener may. */
@FunctionalInterface
public interface Progress {

    Progress NONE = (host, done, total) -> { };

    void hostDone(String host, int done, int total);
}
