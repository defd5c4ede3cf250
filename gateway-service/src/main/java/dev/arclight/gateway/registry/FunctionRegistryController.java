package dev.arclight.gateway.registry;

import dev.arclight.contracts.registry.FunctionSnapshot;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shows operators what the gateway believes the registry holds, which may lag placement briefly. */
@RestController
class FunctionRegistryController {

    private final FunctionRegistryView view;

    FunctionRegistryController(FunctionRegistryView view) {
        this.view = view;
    }

    @GetMapping("/admin/functions")
    List<FunctionSnapshot> functions(@RequestParam(required = false) String tenant) {
        var all = view.all();
        return tenant == null
                ? all
                : all.stream().filter(f -> f.tenant().equals(tenant)).toList();
    }
}
