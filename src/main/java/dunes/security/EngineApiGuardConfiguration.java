package dunes.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EngineApiGuard} on both REST surfaces of the engine. It runs after
 * {@link RestAuthenticationConfiguration}'s filter, so the engine's authentication tells who calls.
 */
@Configuration(proxyBeanMethods = false)
class EngineApiGuardConfiguration {

  static final int ORDER = RestAuthenticationConfiguration.ORDER + 10;

  @Bean
  FilterRegistrationBean<Filter> engineApiGuard(EngineApiRules rules, IdentityService identity,
      CamundaBpmProperties camunda) {
    String webapp = camunda.getWebapp().getApplicationPath();
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new EngineApiGuard(rules, identity, webapp));
    registration.setName("dunes-engine-api-guard");
    registration.addUrlPatterns("/engine-rest/*", webapp + "/api/engine/*");
    registration.setOrder(ORDER);
    return registration;
  }
}
