package org.clostera.internal.kernels;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * Warnings the user must see (such as how to enable the Vector API), each emitted once per JVM per key.
 *
 * <p>Through SLF4J when a logging provider is bound, as every other log line. A library user often has no
 * provider: SLF4J then prints its own "No SLF4J providers were found" note and drops every message, so these
 * warnings go to {@link System.Logger} instead, which by default reaches stderr through java.util.logging.
 * A user who installed {@code slf4j-nop} chose silence, and gets it.
 */
public final class UserNotices {
    /** Present only when the user put slf4j-nop on the class path on purpose. */
    private static final String SLF4J_NOP_PROVIDER = "org.slf4j.nop.NOPServiceProvider";

    private static final UserNotices DEFAULT =
            new UserNotices(UserNotices::slf4jProviderBound, UserNotices::toSlf4j, UserNotices::toSystemLogger);

    /** Where a notice is written: the logger name and the message. */
    @FunctionalInterface
    interface Sink {
        void warn(String loggerName, String message);
    }

    private final BooleanSupplier providerBound;
    private final Sink slf4j;
    private final Sink fallback;
    private final Set<String> emitted = ConcurrentHashMap.newKeySet();

    /** Package-private for tests, which inject the "provider bound" decision and capture both sinks. */
    UserNotices(BooleanSupplier providerBound, Sink slf4j, Sink fallback) {
        this.providerBound = Objects.requireNonNull(providerBound, "providerBound");
        this.slf4j = Objects.requireNonNull(slf4j, "slf4j");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * Warns once per JVM for {@code key}: later calls with the same key do nothing.
     *
     * @param source the class that warns; its name is the logger name on either path
     * @param key identifies the notice (e.g. {@code "kernels.vector-module"})
     * @param message the complete, formatted message
     */
    public static void warnOnce(Class<?> source, String key, String message) {
        DEFAULT.warn(source.getName(), key, message);
    }

    /** Returns true when the notice was written now, false when {@code key} was already used. */
    boolean warn(String loggerName, String key, String message) {
        if (!emitted.add(key)) {
            return false;
        }
        (providerBound.getAsBoolean() ? slf4j : fallback).warn(loggerName, message);
        return true;
    }

    /** Whether SLF4J delivers messages somewhere the user chose (decided on each call; cheap once SLF4J is up). */
    static boolean slf4jProviderBound() {
        return routesToSlf4j(LoggerFactory.getILoggerFactory(), isOnClassPath(SLF4J_NOP_PROVIDER));
    }

    /**
     * The decision, apart from the lookups. SLF4J 2.x hands out a {@link NOPLoggerFactory} when no provider is
     * found (1.7.x did the same without a binding), and a {@link SubstituteLoggerFactory} while a provider is
     * still initialising; neither shows the message to the user, unless slf4j-nop was installed on purpose.
     */
    static boolean routesToSlf4j(ILoggerFactory factory, boolean slf4jNopInstalled) {
        if (factory instanceof SubstituteLoggerFactory) {
            return false;
        }
        if (factory instanceof NOPLoggerFactory) {
            return slf4jNopInstalled;
        }
        return true;
    }

    private static boolean isOnClassPath(String className) {
        try {
            // The loader SLF4J looks for providers with.
            Class.forName(className, false, LoggerFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static void toSlf4j(String loggerName, String message) {
        LoggerFactory.getLogger(loggerName).warn("{}", message);
    }

    static void toSystemLogger(String loggerName, String message) {
        System.getLogger(loggerName).log(System.Logger.Level.WARNING, message);
    }
}
