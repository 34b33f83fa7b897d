package dev.harden.plan;

/** What planning produced for one host: a plan, or the reason there is none. */
public sealed interface HostOutcome permits HostPlan, HostFailure {

    String host();

    String target();
}
