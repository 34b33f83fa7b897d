/**
 * The policy language: typed settings declared by modules ({@link dev.harden.policy.Schema}),
 * layers read from YAML and validated against it ({@link dev.harden.policy.PolicyLayer}), and
 * the per-host merge ({@link dev.harden.policy.HostPolicy}). Validation happens before any
 * host is contacted, and every error names the file and line.
 */
package dev.harden.policy;
