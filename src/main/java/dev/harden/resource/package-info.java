/**
 * The kinds of change harden can make on a host, shared by the modules (which return desired
 * {@link dev.harden.resource.Resource}s), the planner (which compares them with the observed
 * {@link dev.harden.resource.State}) and the change protocol (which applies and undoes them).
 * Each kind defines how its state is read, its line in the plan, its precondition fingerprint,
 * how it is applied and how it is undone; the on-host half of each is in kinds.sh. The only
 * package that imports java-diff-utils (file diffs).
 */
package dev.harden.resource;
