package dev.arclight.worker.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before anything buffers it: a code upload (container start) may carry
 * a 50 MB zip as base64, an invocation Lambda's 6 MB payload as escaped JSON text, anything else
 * little. A declared length over the limit is refused at once; a chunked body is counted as it is
 * read and fails when it passes the limit.
 */
class RequestSizeLimit extends OncePerRequestFilter {

    static final long CONTAINER_START_BYTES = 70L * 1024 * 1024;
    /** A 6 MB payload may grow when escaped as a JSON string; the payload itself is checked too. */
    static final long INVOKE_BYTES = 12L * 1024 * 1024;

    static final long OTHER_BYTES = 64L * 1024;

    private static final Pattern CONTAINER_START = Pattern.compile("/vms/[^/]+/containers/?");
    private static final Pattern INVOKE = Pattern.compile("/containers/[^/]+/invocations/?");

    static long limitFor(String path) {
        if (CONTAINER_START.matcher(path).matches()) {
            return CONTAINER_START_BYTES;
        }
        if (INVOKE.matcher(path).matches()) {
            return INVOKE_BYTES;
        }
        return OTHER_BYTES;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request.getRequestURI());
        if (request.getContentLengthLong() > limit) {
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter()
                    .write("{\"type\":\"RequestTooLargeException\",\"message\":\"the request body of "
                            + request.getContentLengthLong() + " bytes exceeds the limit of " + limit
                            + " bytes\"}");
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws RequestTooLargeException {
            count += n;
            if (count > limit) {
                throw new RequestTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
