import nonebot

nonebot.init()
nonebot.load_from_toml("pyproject.toml")

if __name__ == "__main__":
    nonebot.run()
