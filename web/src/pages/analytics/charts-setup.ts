/** Chart kinds only the analytics screens use, registered with the shared ECharts core. */
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { MarkLineComponent, VisualMapComponent } from 'echarts/components';

echarts.use([HeatmapChart, VisualMapComponent, MarkLineComponent]);
