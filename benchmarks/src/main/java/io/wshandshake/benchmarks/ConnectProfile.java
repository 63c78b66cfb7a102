package io.wshandshake.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU of one connect goes, plain client against ours: each runs the same number of connects alone, in its
 * own Java Flight Recorder recording (stacks sampled every millisecond of CPU time on Java 25, else every millisecond
 * of wall time while running Java code; allocations sampled; GC pauses), and the
 * two recordings are compared per 1,000 connects: user and system CPU time (from {@code /proc/self/stat}; JFR before
 * Java 25 cannot see time in the kernel and in native code), samples by the package of the method they were taken in,
 * the samples with one of the starter's frames on the stack (its whole cost, inclusive), the leaf methods whose samples
 * grew most, sampled allocation and GC pause time. Sampling error is about the square root of a count; read a
 * difference of a few samples as noise. Switched on by {@code -Dharness.profile=<directory>} on the CPU harnesses.
 */
public final class ConnectProfile {

    /** The starter's own code; the harness's classes excluded. */
    private static final String OURS = "io.wshandshake.";

    private static final String HARNESS = "io.wshandshake.benchmarks.";

    private static final int TOP = 12;

    /**
     * Java 25's CPU-time sampler (JEP 509, Linux): a sample per millisecond of each thread's CPU time, in native code
     * and the kernel too; before 25, JFR samples only threads running Java code, every millisecond of wall time.
     */
    private static final boolean CPU_TIME = Runtime.version().feature() >= 25;

    private static final String SAMPLE_EVENT = CPU_TIME ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";

    private ConnectProfile() {
    }

    /**
     * Compares two recordings written earlier (without the CPU times, which only the run that made them knew). Usage:
     * {@code java -cp benchmarks.jar io.wshandshake.benchmarks.ConnectProfile <plain.jfr> <ours.jfr> <connects>}
     */
    public static void main(String[] args) throws IOException {
        int connects = Integer.parseInt(args[2]);
        compare(args[1], new Sample(Paths.get(args[0]), connects, 0, 0),
                new Sample(Paths.get(args[1]), connects, 0, 0));
    }

    /** The directory named by {@code -Dharness.profile}, or {@code null} when profiling is off. */
    static Path directory() {
        String directory = System.getProperty("harness.profile");
        return (directory != null) ? Paths.get(directory) : null;
    }

    /** One client's connects, as a harness runs them. */
    interface Runs {

        void sequential(int count) throws Exception;

        /** {@code count} connects, so many at a time. */
        void parallel(int count) throws Exception;
    }

    /**
     * With {@code -Dharness.profile=<directory>}: each client alone for {@code -Dharness.profile.connects} connects
     * (10,240 by default), sequentially and then {@code parallelism} at a time, each in its own recording, compared.
     */
    static void profile(String label, int parallelism, Runs plain, Runs ours) throws Exception {
        Path directory = directory();
        if (directory == null) {
            return;
        }
        int connects = Integer.getInteger("harness.profile.connects", 10_240);
        String name = label.toLowerCase(Locale.ROOT).replace(' ', '-');
        compare(label + ", sequential",
                record(directory.resolve(name + "-sequential-plain.jfr"), connects, () -> plain.sequential(connects)),
                record(directory.resolve(name + "-sequential-ours.jfr"), connects, () -> ours.sequential(connects)));
        compare(label + ", " + parallelism + " at a time",
                record(directory.resolve(name + "-parallel-plain.jfr"), connects, () -> plain.parallel(connects)),
                record(directory.resolve(name + "-parallel-ours.jfr"), connects, () -> ours.parallel(connects)));
    }

    @FunctionalInterface
    interface Block {

        void run() throws Exception;
    }

    /** What one recorded block cost: the recording and the CPU ticks of this process. */
    record Sample(Path recording, int connects, long userNanos, long systemNanos) {
    }

    /** Runs {@code block} ({@code connects} connects) in a recording of its own, written to {@code file}. */
    static Sample record(Path file, int connects, Block block) throws Exception {
        Files.createDirectories(file.getParent());
        Map<String, String> settings = new HashMap<>(Configuration.getConfiguration("profile").getSettings());
        if (CPU_TIME) {
            settings.put("jdk.CPUTimeSample#enabled", "true");
            settings.put("jdk.CPUTimeSample#throttle", "1 ms");
            settings.put("jdk.ExecutionSample#enabled", "false");
        }
        else {
            settings.put("jdk.ExecutionSample#period", "1 ms");
        }
        settings.put("jdk.NativeMethodSample#enabled", "false");
        settings.put("jdk.ObjectAllocationSample#throttle", "1000/s");
        try (Recording recording = new Recording(settings)) {
            recording.setToDisk(true);
            long[] before = cpuTicks();
            recording.start();
            block.run();
            recording.stop();
            long[] after = cpuTicks();
            recording.dump(file);
            long nanosPerTick = 1_000_000_000L / 100;
            return new Sample(file, connects, (after[0] - before[0]) * nanosPerTick,
                    (after[1] - before[1]) * nanosPerTick);
        }
    }

    /** This process's user and system CPU time in clock ticks (USER_HZ, 100 on Linux), or zeros elsewhere. */
    private static long[] cpuTicks() {
        try {
            String stat = Files.readString(Paths.get("/proc/self/stat"), StandardCharsets.US_ASCII);
            // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime
            // the 13th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]) };
        }
        catch (IOException | RuntimeException ex) {
            return new long[] { 0, 0 };
        }
    }

    /** Prints the comparison of two blocks of the same kind. */
    static void compare(String title, Sample plain, Sample ours) throws IOException {
        Profile p = Profile.read(plain);
        Profile o = Profile.read(ours);
        System.out.println();
        System.out.println("### Profile: " + title + " (" + plain.connects() + " connects each; per 1,000 connects)");
        System.out.println();
        System.out.println("| | plain | ours | ours − plain |");
        System.out.println("|---|---|---|---|");
        if (plain.userNanos() + ours.userNanos() > 0) {
            row("user CPU ms", p.per(plain.userNanos() / 1e6), o.per(ours.userNanos() / 1e6));
            row("system CPU ms", p.per(plain.systemNanos() / 1e6), o.per(ours.systemNanos() / 1e6));
        }
        row(CPU_TIME ? "CPU-time samples (1 ms of a thread's CPU)" : "Java samples (1 ms, Java code only)",
                p.per(p.samples), o.per(o.samples));
        Set<String> places = new TreeSet<>(p.byPlace.keySet());
        places.addAll(o.byPlace.keySet());
        for (String place : places) {
            row("  in " + place, p.per(p.byPlace.getOrDefault(place, 0)), o.per(o.byPlace.getOrDefault(place, 0)));
        }
        row("samples with a starter frame on the stack", p.per(p.withOurFrame), o.per(o.withOurFrame));
        row("  of them the starter's own work", p.per(p.ownWork), o.per(o.ownWork));
        Set<String> threads = new TreeSet<>(p.byThread.keySet());
        threads.addAll(o.byThread.keySet());
        for (String thread : threads) {
            row("  on thread " + thread, p.per(p.byThread.getOrDefault(thread, 0)),
                    o.per(o.byThread.getOrDefault(thread, 0)));
        }
        row("sampled allocation KB", p.per(p.allocatedBytes / 1024.0), o.per(o.allocatedBytes / 1024.0));
        row("  of it under a starter frame KB", p.per(p.ourAllocatedBytes / 1024.0),
                o.per(o.ourAllocatedBytes / 1024.0));
        row("GC pauses ms", p.per(p.gcPauseNanos / 1e6), o.per(o.gcPauseNanos / 1e6));
        System.out.println();
        System.out.println("Leaf methods whose samples grew most (per 1,000 connects, plain → ours):");
        for (Map.Entry<String, Double> leaf : top(p, o)) {
            System.out.printf(Locale.ROOT, "  %+7.1f  %s (%.1f → %.1f)%n", leaf.getValue(), leaf.getKey(),
                    p.per(p.byLeaf.getOrDefault(leaf.getKey(), 0)), o.per(o.byLeaf.getOrDefault(leaf.getKey(), 0)));
        }
        System.out.println("The starter's deepest frame in its samples (per 1,000 connects):");
        o.byOurFrame.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach((frame) -> System.out.printf(Locale.ROOT, "  %7.1f  %s%n", o.per(frame.getValue()),
                        frame.getKey()));
    }

    private static List<Map.Entry<String, Double>> top(Profile plain, Profile ours) {
        Set<String> leaves = new TreeSet<>(plain.byLeaf.keySet());
        leaves.addAll(ours.byLeaf.keySet());
        List<Map.Entry<String, Double>> deltas = new ArrayList<>();
        for (String leaf : leaves) {
            deltas.add(Map.entry(leaf, ours.per(ours.byLeaf.getOrDefault(leaf, 0))
                    - plain.per(plain.byLeaf.getOrDefault(leaf, 0))));
        }
        deltas.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return deltas.subList(0, Math.min(TOP, deltas.size()));
    }

    private static void row(String what, double plain, double ours) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %+.1f |%n", what, plain, ours, ours - plain);
    }

    /** One recording, summed. */
    private static final class Profile {

        final int connects;

        int samples;

        int withOurFrame;

        int ownWork;

        final Map<String, Integer> byThread = new HashMap<>();

        final Map<String, Integer> byPlace = new HashMap<>();

        final Map<String, Integer> byLeaf = new HashMap<>();

        final Map<String, Integer> byOurFrame = new HashMap<>();

        long allocatedBytes;

        long ourAllocatedBytes;

        long gcPauseNanos;

        private Profile(int connects) {
            this.connects = connects;
        }

        double per(double count) {
            return count * 1000.0 / this.connects;
        }

        static Profile read(Sample sample) throws IOException {
            Profile profile = new Profile(sample.connects());
            try (RecordingFile file = new RecordingFile(sample.recording())) {
                while (file.hasMoreEvents()) {
                    profile.add(file.readEvent());
                }
            }
            return profile;
        }

        private void add(RecordedEvent event) {
            String type = event.getEventType().getName();
            if (type.equals(SAMPLE_EVENT)) {
                addSample(event.getStackTrace(), threadName(event));
                return;
            }
            switch (type) {
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    this.allocatedBytes += weight;
                    if (ourFrame(event.getStackTrace()) != null) {
                        this.ourAllocatedBytes += weight;
                    }
                }
                case "jdk.GarbageCollection" -> this.gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
                default -> {
                }
            }
        }

        private void addSample(RecordedStackTrace stack, String thread) {
            if (stack == null || stack.getFrames().isEmpty()) {
                return;
            }
            this.samples++;
            this.byThread.merge(thread, 1, Integer::sum);
            if (ownWork(stack)) {
                this.ownWork++;
            }
            RecordedMethod leaf = stack.getFrames().get(0).getMethod();
            String type = leaf.getType().getName();
            this.byPlace.merge(place(type), 1, Integer::sum);
            this.byLeaf.merge(simpleName(type) + "." + leaf.getName(), 1, Integer::sum);
            String ours = ourFrame(stack);
            if (ours != null) {
                this.withOurFrame++;
                this.byOurFrame.merge(ours, 1, Integer::sum);
            }
        }

        /** The thread a sample was taken on, its numbers folded ({@code handshake-connect-#}). */
        private static String threadName(RecordedEvent event) {
            RecordedThread thread = event.hasField("sampledThread") ? event.getThread("sampledThread")
                    : event.getThread();
            String name = (thread != null) ? thread.getJavaName() : null;
            return (name != null) ? name.replaceAll("[0-9]+", "#") : "(not a Java thread)";
        }

        /**
         * Whether the sample is the starter's own work: from the leaf, a starter frame comes before any frame of the
         * container, Spring or Reactor (JDK frames are looked through). The servlet client runs the container's whole
         * connect under its own frames, so a starter frame somewhere on the stack says little there.
         */
        private static boolean ownWork(RecordedStackTrace stack) {
            for (RecordedFrame frame : stack.getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith(OURS) && !type.startsWith(HARNESS)) {
                    return true;
                }
                if (type.startsWith("org.") || type.startsWith("io.netty.") || type.startsWith("reactor.")
                        || type.startsWith(HARNESS)) {
                    return false;
                }
            }
            return false;
        }

        /** The deepest (nearest the leaf) frame of the starter's code, or {@code null}. */
        private static String ourFrame(RecordedStackTrace stack) {
            if (stack == null) {
                return null;
            }
            for (RecordedFrame frame : stack.getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith(OURS) && !type.startsWith(HARNESS)) {
                    return simpleName(type) + "." + frame.getMethod().getName();
                }
            }
            return null;
        }

        private static String simpleName(String type) {
            return type.substring(type.lastIndexOf('.') + 1);
        }

        /** The code a sample was taken in, by the package of its leaf frame. */
        private static String place(String type) {
            if (type.startsWith(HARNESS)) {
                return "the harness";
            }
            String[][] places = { { OURS, "the starter" }, { "reactor.netty.", "Reactor Netty" },
                    { "reactor.", "Reactor Core" }, { "io.netty.", "Netty" }, { "org.apache.", "Tomcat" },
                    { "org.eclipse.jetty.", "Jetty" }, { "org.springframework.", "Spring" },
                    { "sun.security.", "JDK security (SHA-1, SecureRandom, TLS)" },
                    { "java.security.", "JDK security (SHA-1, SecureRandom, TLS)" },
                    { "java.util.concurrent.", "java.util.concurrent" }, { "sun.nio.", "JDK NIO" },
                    { "java.nio.", "JDK NIO" }, { "java.lang.invoke.", "JDK other" }, { "java.", "JDK other" },
                    { "jdk.", "JDK other" }, { "sun.", "JDK other" } };
            for (String[] place : places) {
                if (type.startsWith(place[0])) {
                    return place[1];
                }
            }
            return "other";
        }
    }
}
