package dev.harden.it;

import dev.harden.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the harden command line in-process with captured output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        CliRun run = new CliRun(code, out.toString(), err.toString());
        System.out.println("$ harden " + String.join(" ", args) + "\n" + run.out + run.err + "(exit " + code + ")");
        return run;
    }

    String all() {
        return out + err;
    }
}
