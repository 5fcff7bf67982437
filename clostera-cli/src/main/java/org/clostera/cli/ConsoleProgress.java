package org.clostera.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.clostera.ProgressListener;

/**
 * Progress bars on stderr, one per stage (train, encode, cluster, ...). Used only when stderr is a
 * terminal: the launcher passes {@code -Dclostera.progress=true|false}; without it, a console attached
 * to the JVM counts as a terminal.
 */
final class ConsoleProgress implements ProgressListener, AutoCloseable {
    /** System property the launcher sets to say whether stderr is a terminal. */
    static final String PROPERTY = "clostera.progress";

    private final PrintStream out;
    private final int width;
    private final Map<String, ProgressBar> bars = new LinkedHashMap<>();

    private ConsoleProgress(PrintStream out, int width) {
        this.out = out;
        this.width = width;
    }

    /** A progress display when progress is wanted and stderr is a terminal, else a listener that ignores all. */
    static ProgressListener create(boolean quiet) {
        if (quiet || !stderrIsTerminal()) {
            return ProgressListener.NONE;
        }
        return new ConsoleProgress(System.err, terminalWidth());
    }

    /** Closes the listener if it is a progress display (finishing any open bars). */
    static void finish(ProgressListener listener) {
        if (listener instanceof ConsoleProgress progress) {
            progress.close();
        }
    }

    private static boolean stderrIsTerminal() {
        String property = System.getProperty(PROPERTY);
        if (property != null) {
            return Boolean.parseBoolean(property.trim());
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // JDK 22+ returns a Console even when redirected; ask it (by reflection: the code targets 21).
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
            return Math.max(40, Math.min(columns, 160));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    @Override
    public synchronized void onStageStart(String stage, long total) {
        ProgressBar previous = bars.remove(stage);
        if (previous != null) {
            previous.close();
        }
        bars.put(stage, newBar(stage, total));
    }

    @Override
    public synchronized void onProgress(String stage, long done, long total) {
        ProgressBar bar = bars.computeIfAbsent(stage, s -> newBar(s, total));
        if (total > 0 && bar.getMax() != total) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
    }

    @Override
    public synchronized void onStageEnd(String stage) {
        ProgressBar bar = bars.remove(stage);
        if (bar != null) {
            if (bar.getMax() > 0) {
                bar.stepTo(bar.getMax());
            }
            bar.close();
        }
    }

    @Override
    public synchronized void close() {
        for (ProgressBar bar : bars.values()) {
            bar.close();
        }
        bars.clear();
    }

    private ProgressBar newBar(String stage, long total) {
        return new ProgressBarBuilder()
                .setTaskName(stage)
                .setInitialMax(total > 0 ? total : -1)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out, width))
                .build();
    }
}
