package io.qodex.app.cli.resident;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code qodex} side of the background process: hands it a command line and the environment, copies what it
 * prints to standard output and standard error, and returns its exit code. Loads nothing beyond {@code java.base},
 * so a command it answers costs little more than starting the JVM.
 */
public final class ResidentClient {

    static final int MAGIC = 0x51445831;
    static final byte RUN = 1;
    static final byte STOP = 2;
    static final byte OUT = 1;
    static final byte ERR = 2;
    static final byte EXIT = 3;
    static final byte DECLINED = 4;

    private ResidentClient() {
    }

    /**
     * Runs the command in the background process if it answers it. Empty when nothing ran there (no process, a
     * command it does not answer, other settings, or it went away before printing anything): run it here then.
     */
    public static OptionalInt tryRun(Path home, String[] args, Map<String, String> environment) {
        if (!Resident.answers(args, environment) || off(home, environment)) {
            return OptionalInt.empty();
        }
        Path socket = Resident.socket(home);
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) || !Resident.ours(home, socket)) {
            return OptionalInt.empty();
        }
        boolean printed = false;
        preferDefaultSelectorProvider();
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            if (!Resident.sameUser(channel)) {
                return OptionalInt.empty(); // another user's process listens there: send it nothing
            }
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            request.writeInt(MAGIC);
            request.writeByte(RUN);
            request.writeInt(args.length);
            for (String arg : args) {
                writeString(request, arg);
            }
            Map<String, String> sent = Resident.sent(environment);
            request.writeInt(sent.size());
            for (Map.Entry<String, String> entry : sent.entrySet()) {
                writeString(request, entry.getKey());
                writeString(request, entry.getValue());
            }
            request.flush();
            DataInputStream answer = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            OutputStream err = new FileOutputStream(FileDescriptor.err);
            while (true) {
                byte kind = answer.readByte();
                switch (kind) {
                    case OUT, ERR -> {
                        byte[] bytes = new byte[answer.readInt()];
                        answer.readFully(bytes);
                        OutputStream target = kind == OUT ? out : err;
                        target.write(bytes);
                        target.flush();
                        printed = true;
                    }
                    case EXIT -> {
                        return OptionalInt.of(answer.readInt());
                    }
                    case DECLINED -> {
                        return OptionalInt.empty();
                    }
                    default -> throw new IOException("unexpected answer " + kind);
                }
            }
        } catch (IOException e) {
            if (!printed) {
                return OptionalInt.empty(); // it ran nothing we know of; the commands it answers only read
            }
            System.err.println("qodex: the background process stopped before the command finished (" + describe(e)
                    + "); run the command again.");
            return OptionalInt.of(1);
        }
    }

    /** QODEX_IDLE_STOP=0 (or a malformed value, which the command run here then reports) keeps commands here. */
    private static boolean off(Path home, Map<String, String> environment) {
        try {
            return Resident.idleStop(home, environment).isZero();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * Names the platform's own selector provider, the one the JDK would pick anyway: without it, opening the first
     * socket channel looks for other providers in every jar of the class path (about 150, some 50 ms).
     */
    private static void preferDefaultSelectorProvider() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String linux = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) == null && "Linux".equals(System.getProperty("os.name"))) {
            try {
                Class.forName(linux, false, null);
                System.setProperty(property, linux);
            } catch (ClassNotFoundException e) {
                // another JDK: leave the lookup to it
            }
        }
    }

    /** Asks every background process of this home (of any build) to stop now; false if none answered. */
    public static boolean stop(Path home) {
        boolean stopped = false;
        try (java.util.stream.Stream<Path> files = Files.list(Resident.runDirectory(home))) {
            for (Path socket : (Iterable<Path>) files.filter(file -> file.getFileName().toString().endsWith(".sock"))::iterator) {
                stopped |= stopAt(socket);
            }
        } catch (IOException e) {
            return stopped; // no run folder: none ever started
        }
        return stopped;
    }

    /** Sends STOP, then waits (up to a minute) until the process let go of its lock: it has closed everything. */
    private static boolean stopAt(Path socket) {
        if (!Resident.ours(socket.getParent().getParent(), socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            if (!Resident.sameUser(channel)) {
                return false;
            }
            DataOutputStream request = new DataOutputStream(Channels.newOutputStream(channel));
            request.writeInt(MAGIC);
            request.writeByte(STOP);
            request.flush();
            DataInputStream answer = new DataInputStream(Channels.newInputStream(channel));
            while (answer.readByte() != EXIT) {
                int length = answer.readInt();
                if (length < 0 || length > 1 << 20) {
                    return false;
                }
                answer.readFully(new byte[length]);
            }
            answer.readInt();
        } catch (IOException e) {
            return false;
        }
        String name = socket.getFileName().toString();
        Path lock = socket.resolveSibling(name.substring(0, name.length() - ".sock".length()).concat(".lock"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lock,
                java.nio.file.StandardOpenOption.WRITE)) {
            while (System.nanoTime() < deadline) {
                try (java.nio.channels.FileLock held = channel.tryLock()) {
                    if (held != null) {
                        return true;
                    }
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            return true; // the lock file is gone with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static String describe(IOException e) {
        return e instanceof EOFException ? "connection closed" : String.valueOf(e.getMessage());
    }

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("A string of " + length + " bytes is refused.");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
