package dev.arclight.placement.lambda;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.placement.lambda.LambdaException.AccessDeniedException;
import dev.arclight.placement.tenant.TenantDirectory;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a handler its {@link Caller}, from the tenant header the gateway sets. */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final TenantDirectory tenants;

    public CallerArgumentResolver(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        var name = request.getHeader(TenantHeader.NAME);
        if (name == null || name.isBlank()) {
            throw new AccessDeniedException("The request carries no tenant; call through the gateway");
        }
        try {
            var tenant = tenants.ensure(name);
            return new Caller(tenant.name(), tenant.accountId());
        } catch (IllegalArgumentException e) {
            throw new AccessDeniedException("Unknown tenant");
        }
    }
}
