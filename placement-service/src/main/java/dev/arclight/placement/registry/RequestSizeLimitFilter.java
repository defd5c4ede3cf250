package dev.arclight.placement.registry;

import dev.arclight.placement.lambda.LambdaErrors;
import dev.arclight.placement.lambda.LambdaException.RequestTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the body of a registry call before anything buffers it: a declared length over the cap is
 * refused at once, and a body without one is cut off as soon as it passes the cap. Only the two
 * calls that carry a zip get the large cap; every other call gets Lambda's 6 MB.
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final Pattern CODE_UPLOAD = Pattern.compile("/2015-03-31/functions(/[^/]+/code)?/?");

    private final RegistryProperties properties;
    private final LambdaErrors errors;

    RequestSizeLimitFilter(RegistryProperties properties, LambdaErrors errors) {
        this.properties = properties;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (request.getContentLengthLong() > limit) {
            // The body stays unread: close the connection rather than drain it.
            response.setHeader(HttpHeaders.CONNECTION, "close");
            errors.write(tooLarge(limit), response);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    long limitFor(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        boolean carriesCode = CODE_UPLOAD.matcher(path).matches()
                && (path.endsWith("/code") ? "PUT" : "POST").equals(request.getMethod());
        return (carriesCode ? properties.codeRequestSize() : properties.requestSize()).toBytes();
    }

    private static RequestTooLargeException tooLarge(long limit) {
        return new RequestTooLargeException("Request must be smaller than " + limit + " bytes for this operation");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
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
