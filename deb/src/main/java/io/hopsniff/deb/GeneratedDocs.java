package io.hopsniff.deb;

import io.hopsniff.cli.Main;
import io.hopsniff.cli.VersionProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what the package ships that is generated from the picocli model, so it never drifts from
 * {@code --help}: a man page per command (picocli's AsciiDoc generator, converted to troff by Asciidoctor's
 * manpage backend, gzipped as Debian policy wants) and bash and zsh completion (picocli's generator).
 *
 * <p>Usage: {@code GeneratedDocs OUTDIR [CHANGELOG]}; writes {@code OUTDIR/man/*.1.gz}, {@code OUTDIR/completion/}
 * and, given the Debian changelog, {@code OUTDIR/changelog.gz}.
 */
public final class GeneratedDocs {

    private GeneratedDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: GeneratedDocs OUTDIR [CHANGELOG]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        CommandLine hopsniff = Main.forDocumentation();
        writeManPages(hopsniff, out.resolve("man"), out.resolve("man-adoc"));
        writeCompletion(hopsniff, out.resolve("completion"));
        if (args.length == 2) {
            gzip(Path.of(args[1]), out.resolve("changelog.gz"));
        }
    }

    static void writeManPages(CommandLine hopsniff, Path manDir, Path adocDir) throws IOException {
        Files.createDirectories(manDir);
        int code = ManPageGenerator.generateManPage(adocDir.toFile(), null, new boolean[0], true,
                hopsniff.getCommandSpec());
        if (code != CommandLine.ExitCode.OK) {
            throw new IOException("picocli's man page generator failed with exit code " + code);
        }
        List<Path> pages;
        try (Stream<Path> s = Files.list(adocDir)) {
            pages = s.filter(p -> p.toString().endsWith(".adoc")).sorted().toList();
        }
        Path troffDir = Files.createDirectories(adocDir.resolveSibling("man-troff"));
        // picocli puts the whole --version line in the footer, which man cannot fit beside the date
        Attributes footer = Attributes.builder().attribute("mansource", "hopsniff " + VersionProvider.version())
                .attribute("manmanual", "hopsniff manual").build();
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            for (Path page : pages) {
                asciidoctor.convertFile(page.toFile(), Options.builder().backend("manpage").safe(SafeMode.UNSAFE)
                        .toDir(troffDir.toFile()).mkDirs(true).attributes(footer).build());
            }
        }
        try (Stream<Path> s = Files.list(troffDir)) {
            for (Path troff : s.filter(p -> p.toString().endsWith(".1")).sorted().toList()) {
                gzip(troff, manDir.resolve(troff.getFileName() + ".gz"));
            }
        }
    }

    /**
     * bash: picocli's script as it comes. zsh: the same script run by zsh's bash-completion emulation, as an
     * autoloaded {@code _hopsniff} whose first call registers the function and completes at once.
     */
    static void writeCompletion(CommandLine hopsniff, Path dir) throws IOException {
        Files.createDirectories(dir);
        // sourced, never run: no #! line (Debian's bash-completion policy)
        String bash = AutoComplete.bash("hopsniff", hopsniff).replaceFirst("\\A#![^\n]*\n", "");
        Files.writeString(dir.resolve("hopsniff"), bash, StandardCharsets.UTF_8);
        String zsh = "#compdef hopsniff\n"
                + "# Generated from hopsniff's picocli model (the bash completion script below), run through zsh's\n"
                + "# bash completion emulation.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash
                + "\n_bash_complete -F _complete_hopsniff \"$@\"\n";
        Files.writeString(dir.resolve("_hopsniff"), zsh, StandardCharsets.UTF_8);
    }

    /**
     * gzip -9n: no name or time in the header (GZIPOutputStream writes neither), so builds are reproducible, and
     * the header's XFL byte says "maximum compression" as gzip -9 writes it (GZIPOutputStream leaves it 0; the
     * header is outside the CRC, so setting it afterwards is safe).
     */
    static void gzip(Path from, Path to) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bytes) {
            { def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION); }
        }) {
            Files.copy(from, o);
        }
        byte[] gz = bytes.toByteArray();
        gz[8] = 2; // XFL: compressor used maximum compression (RFC 1952 §2.3.1)
        Files.write(to, gz);
    }
}
