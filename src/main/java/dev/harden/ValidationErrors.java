package dev.harden;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The errors found while validating input (the desired state), collected so that one run
 * reports every error it finds, each on its own line, instead of the first only. Validation runs
 * in steps that can fail on their own (a file, a policy key, a host, a group); a failed step is
 * recorded and validation goes on with the next, skipping only what depends on it. At
 * {@value #LIMIT} errors it stops: a file that is wrong throughout would otherwise bury the rest.
 */
public final class ValidationErrors {

    /** Errors reported at most; validation stops when it reaches them. */
    public static final int LIMIT = 20;

    private final List<String> messages = new ArrayList<>();

    /**
     * All the errors of a validation, each a one-line message; {@link #getMessage()} is the first
     * (and how many more), for callers that show one line only.
     */
    public static final class Failed extends HardenException {
        private final transient List<String> errors;
        private final boolean stopped;

        Failed(List<String> errors, boolean stopped) {
            super(errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more error"
                    + (errors.size() > 2 ? "s" : "") + ")" : ""));
            this.errors = List.copyOf(errors);
            this.stopped = stopped;
        }

        public List<String> errors() {
            return errors;
        }

        /** True when validation stopped at {@link #LIMIT} errors: there may be more. */
        public boolean stopped() {
            return stopped;
        }
    }

    /** Runs one step; its error is recorded, and empty returned so validation goes on. */
    public <T> Optional<T> check(Supplier<T> step) {
        try {
            return Optional.ofNullable(step.get());
        } catch (Failed e) {
            if (e.stopped()) {
                throw e; // the limit was reached: validation ends here
            }
            e.errors().forEach(this::add); // a step that validated on its own: its errors join these
            return Optional.empty();
        } catch (HardenException e) {
            add(e.getMessage());
            return Optional.empty();
        }
    }

    /** Runs one step that returns nothing; see {@link #check(Supplier)}. */
    public void run(Runnable step) {
        check(() -> {
            step.run();
            return Boolean.TRUE;
        });
    }

    /** Records an error; at {@value #LIMIT} errors, validation stops with all of them. */
    public void add(String message) {
        messages.add(message);
        if (messages.size() >= LIMIT) {
            throw new Failed(messages, true);
        }
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Ends validation: throws {@link Failed} with every error found, if any. */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new Failed(messages, false);
        }
    }
}
