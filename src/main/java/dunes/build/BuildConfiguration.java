package dunes.build;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code dunes.request.*} and bounds the build API's request bodies at the HTTP boundary. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestProperties.class)
class BuildConfiguration {

  @Bean
  FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(RequestProperties limits) {
    FilterRegistrationBean<RequestSizeFilter> registration =
        new FilterRegistrationBean<>(new RequestSizeFilter(limits.maxSize().toBytes()));
    registration.addUrlPatterns("/api/builds", "/api/builds/*");
    return registration;
  }
}
