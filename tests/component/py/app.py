# A componentize-py guest for the js/hello.wit world (greet).
import wit_world

class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return "hello " + name
