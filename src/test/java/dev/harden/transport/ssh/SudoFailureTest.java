package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.harden.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SudoFailureTest {

    private static ExecResult failed(int exit, String stderr) {
        return new ExecResult(exit, new byte[0], stderr.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recognisesSudoRefusals() {
        assertEquals("sudo: a password is required",
                SudoFailure.refusalLine(failed(1, "sudo: a password is required\n")));
        assertEquals("sudo: a terminal is required to read the password; either use the -S option",
                SudoFailure.refusalLine(failed(1,
                        "sudo: a terminal is required to read the password; either use the -S option\n")));
        assertEquals("ops is not in the sudoers file.",
                SudoFailure.refusalLine(failed(1, "sudo: unable to resolve host x\nops is not in the sudoers file.\n")));
        assertEquals("Sorry, user ops may not run sudo on web1.",
                SudoFailure.refusalLine(failed(1, "Sorry, user ops may not run sudo on web1.\n")));
    }

    @Test
    void ignoresCommandFailuresAndSuccess() {
        assertNull(SudoFailure.refusalLine(failed(1, "sh: 1: cannot create /etc/x: Permission denied\n")));
        assertNull(SudoFailure.refusalLine(failed(0, "sudo: a password is required\n")));
        assertNull(SudoFailure.refusalLine(failed(2, "grep: a password is required\n")));
    }
}
