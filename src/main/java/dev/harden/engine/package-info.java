/**
 * The engine runs the pipeline for the commands: it loads the desired state, plans hosts
 * concurrently over one connection each (bounded pool, results in inventory order), and
 * applies through the change protocol, a fresh plan or a saved one ({@link
 * dev.harden.engine.SavedPlans}, which refuses the hosts that changed since). It reports progress
 * to a listener and never prints.
 */
package dev.harden.engine;
