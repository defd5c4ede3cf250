package dev.arclight.gateway.error;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** Puts {@link DecoderFailureAnswers} into every HTTP/1.1 connection's pipeline. */
@Configuration(proxyBeanMethods = false)
class DecoderFailureConfiguration {

    static final String HANDLER_NAME = "arclight.decoderFailureAnswers";

    @Bean
    NettyServerCustomizer decoderFailuresInLambdasShape() {
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            var pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null && pipeline.get(HANDLER_NAME) == null) {
                pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HANDLER_NAME, new DecoderFailureAnswers());
            }
        });
    }
}
