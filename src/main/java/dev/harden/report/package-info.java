/**
 * Reports people and CI systems look at, from a check of the fleet: one self-contained HTML page
 * (per host and module: compliant, drifted, findings; a summary chart; inline CSS and SVG, no
 * script and no external asset, so it can be mailed, archived or opened offline) and a JUnit XML
 * file (one test suite per host, one test case per module) that CI systems show as test results.
 *
 * <p>Nearly everything in a report comes from hosts (facts, findings, error messages), so it is
 * escaped for where it goes, and characters that steer a terminal or reorder text (control and
 * bidirectional-override characters) are shown visibly, as on the command line. Built from the
 * plan value and the desired state; no third-party library.
 */
package dev.harden.report;
