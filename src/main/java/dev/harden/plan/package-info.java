/**
 * The plan as a value: per host, the resource changes (with unified diffs of files and the
 * fingerprints of what was observed), findings, and the facts the plan rests on. Planning never
 * writes; applying takes a plan. There is no dry-run flag anywhere: "plan" is simply not calling
 * the applier. A plan can be saved ({@link dev.harden.plan.PlanFile}: digests only, never
 * content) and applied later exactly; {@link dev.harden.plan.Staleness} says why a host no
 * longer is as the saved plan found it.
 */
package dev.harden.plan;
