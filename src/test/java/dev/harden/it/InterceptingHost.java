package dev.harden.it;

import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.ForwardingHost;
import dev.harden.transport.Host;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real host whose answers a test can change, to play a host that returns garbage, a connection
 * lost in the middle of a step, or a step that takes its time: a hook runs in place of every
 * command whose purpose starts with its key and decides what the controller sees.
 */
final class InterceptingHost extends ForwardingHost {

    /** Runs a command in place of the real host (it may call the real one). */
    @FunctionalInterface
    interface Hook {
        ExecResult run(Command command, Host real);
    }

    private final Map<String, Hook> hooks;
    final List<String> purposes = new CopyOnWriteArrayList<>();

    InterceptingHost(Host real, Map<String, Hook> hooks) {
        super(real);
        this.hooks = hooks;
    }

    @Override
    public ExecResult run(Command command) {
        purposes.add(command.purpose());
        for (Map.Entry<String, Hook> hook : hooks.entrySet()) {
            if (command.purpose().startsWith(hook.getKey())) {
                return hook.getValue().run(command, real);
            }
        }
        return real.run(command);
    }
}
