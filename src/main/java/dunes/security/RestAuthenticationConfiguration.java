package dunes.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTP Basic against the engine's users for {@code /engine-rest}, Dunes's own {@code /api} and the
 * lab's {@code /lab/api}:
 * the REST starter mounts the engine API with no authentication at all. The filter also makes the
 * caller the engine's current user, so authorizations and the recorded requester apply.
 */
@Configuration(proxyBeanMethods = false)
class RestAuthenticationConfiguration {

  /** Before {@link EngineApiGuardConfiguration}'s guard, which needs to know who calls. */
  static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

  @Bean
  FilterRegistrationBean<Filter> restAuthenticationFilter() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("dunes-rest-authentication");
    registration.setOrder(ORDER);
    registration.addUrlPatterns("/engine-rest/*", "/api/*", "/lab/*");
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    return registration;
  }
}
