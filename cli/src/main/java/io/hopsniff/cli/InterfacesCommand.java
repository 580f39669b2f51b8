package io.hopsniff.cli;

import io.hopsniff.capture.live.CaptureException;
import io.hopsniff.capture.live.Interfaces;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hopsniff interfaces}: the capture devices with their addresses, like {@code tcpdump -D}. */
@Command(name = "interfaces", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists the interfaces live capture can use, with their addresses and state.")
final class InterfacesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            for (String line : Interfaces.describe(Interfaces.list())) {
                spec.commandLine().getOut().println(line);
            }
            return ExitCodes.OK;
        } catch (CaptureException e) {
            spec.commandLine().getErr().println("hopsniff: " + e.getMessage());
            return CaptureCommand.exitCode(e);
        }
    }
}
