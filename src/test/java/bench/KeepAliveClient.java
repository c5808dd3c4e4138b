package bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one persistent connection, for the open loop and the timed disables: it costs the
 * load generator a fraction of what java.net.http does, so more of the machine's two cores are left to the server
 * under test.
 * Reads Content-Length and chunked bodies; reconnects when the server closes the connection.
 */
final class KeepAliveClient implements AutoCloseable {

    private final String host;
    private final int port;
    private final String token;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(URI base, String token) {
        this.host = base.getHost();
        this.port = base.getPort();
        this.token = token;
    }

    /** A status and, when asked for, the body. */
    record Reply(int status, String body) {
    }

    /** Sends a bodiless request and returns the status; the body is read and dropped. */
    int send(String method, String path) throws IOException {
        return request(method, path, false).status();
    }

    /** Sends a bodiless request and returns the status and the body (UTF-8). */
    Reply exchange(String method, String path) throws IOException {
        return request(method, path, true);
    }

    private Reply request(String method, String path, boolean keepBody) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                connect();
                out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                        + "\r\nAccept: application/json\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return readResponse(keepBody ? new ByteArrayOutputStream(256) : null);
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }
    }

    /** Reads one response; its body goes to {@code body}, or is skipped when that is null. */
    private Reply readResponse(ByteArrayOutputStream body) throws IOException {
        String status = line();
        if (status.length() < 12) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                take(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            take(length, body);
        }
        if (close) {
            close();
        }
        return new Reply(code, body == null ? null : body.toString(StandardCharsets.UTF_8));
    }

    private void take(long n, ByteArrayOutputStream body) throws IOException {
        if (body != null) {
            byte[] bytes = in.readNBytes(Math.toIntExact(n));
            if (bytes.length < n) {
                throw new IOException("connection closed mid-body");
            }
            body.write(bytes);
            return;
        }
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            socket = null;
        }
    }
}
