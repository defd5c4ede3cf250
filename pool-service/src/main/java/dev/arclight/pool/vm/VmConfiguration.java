package dev.arclight.pool.vm;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class VmConfiguration {

    @Bean
    PooledVms pooledVms(DataSource dataSource) {
        return new PooledVms(JdbcClient.create(dataSource));
    }
}
