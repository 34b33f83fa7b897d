/**
 * The plan as a value: per host, the resource changes (with unified diffs of files and the
 * fingerprints of what was observed) and findings. Planning never writes; applying takes a plan. There is no
 * dry-run flag anywhere: "plan" is simply not calling the applier.
 */
package dev.harden.plan;
