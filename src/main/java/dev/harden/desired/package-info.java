/**
 * The desired state as one validated value: a commit's policies, inventory and templates,
 * checked against the modules' schema before any host is contacted. Policy layering
 * (baseline, group files, inventory vars) is decided here, in one place.
 */
package dev.harden.desired;
