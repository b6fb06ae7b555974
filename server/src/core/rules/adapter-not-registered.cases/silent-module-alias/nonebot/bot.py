import nonebot
import nonebot.adapters.onebot.v11 as v11

nonebot.init()
nonebot.get_driver().register_adapter(v11.Adapter)
nonebot.run()
