package dev.arclight.gateway.error;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Answers a request that Netty's HTTP decoder could not read (a request line over {@code
 * server.netty.max-initial-line-length}, headers too large, a malformed request line) in Lambda's
 * shape. Reactor Netty would answer those itself with a bare 414, 431 or 400 and no {@code
 * x-amzn-ErrorType}, before WebFlux, and so this gateway's error handler, ever sees the request.
 * Sits between the codec and Reactor Netty's own handler; one per connection.
 */
final class DecoderFailureAnswers extends ChannelInboundHandlerAdapter {

    private static final long CLOSE_GRACE_SECONDS = 5;

    private boolean answered;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answered) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpObject http) || !http.decoderResult().isFailure()) {
            ctx.fireChannelRead(msg);
            return;
        }
        var cause = http.decoderResult().cause();
        ReferenceCountUtil.release(msg);
        answered = true;
        HttpResponseStatus status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            message = "The request line is too long; function names are at most 64 characters, ARNs 170.";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            message = "The request headers are too large.";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            message = "The request is not valid HTTP.";
        }
        var body = ("{\"Type\":\"User\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(LambdaErrorHandler.ERROR_TYPE_HEADER, "InvalidRequestContentException")
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(written -> {
            // Closing at once while the rest of an overlong line is still arriving would reset the
            // connection and lose the answer: the output is shut instead, the decoder drops what
            // still comes, and the connection closes when the client does (or after a grace).
            if (written.isSuccess() && ctx.channel() instanceof SocketChannel socket) {
                socket.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            } else {
                ctx.close();
            }
        });
    }
}
