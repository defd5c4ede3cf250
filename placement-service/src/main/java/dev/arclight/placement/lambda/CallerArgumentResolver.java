package dev.arclight.placement.lambda;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.placement.lambda.LambdaException.AccessDeniedException;
import dev.arclight.placement.tenant.TenantDirectory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a handler its {@link Caller}, from the tenant header the gateway sets. A tenant's account id
 * is given once and kept for good, and tenants are never deleted, so each tenant is looked up (or
 * created) once per instance and remembered: no transaction per call for it.
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final TenantDirectory tenants;
    private final Map<String, Caller> known = new ConcurrentHashMap<>();

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
        var caller = known.get(name);
        if (caller != null) {
            return caller;
        }
        try {
            var tenant = tenants.ensure(name);
            caller = new Caller(tenant.name(), tenant.accountId());
            known.put(name, caller);
            return caller;
        } catch (IllegalArgumentException e) {
            throw new AccessDeniedException("Unknown tenant");
        }
    }
}
