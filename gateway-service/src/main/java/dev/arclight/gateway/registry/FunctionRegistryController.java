package dev.arclight.gateway.registry;

import dev.arclight.contracts.registry.FunctionSnapshot;
import dev.arclight.contracts.tenant.TenantHeader;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows a tenant what the gateway believes the registry holds for it, which may lag placement
 * briefly. Authenticated like the Lambda API: the tenant comes from the credentials, never from the
 * query, so no caller sees another tenant's functions.
 */
@RestController
class FunctionRegistryController {

    private final FunctionRegistryView view;

    FunctionRegistryController(FunctionRegistryView view) {
        this.view = view;
    }

    @GetMapping("/admin/functions")
    List<FunctionSnapshot> functions(@RequestHeader(TenantHeader.NAME) String tenant) {
        return view.all().stream().filter(f -> f.tenant().equals(tenant)).toList();
    }
}
